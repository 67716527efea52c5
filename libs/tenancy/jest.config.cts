module.exports = { displayName: 'tenancy', preset: '../../jest.preset.js', rootDir: '.' };
