module.exports = { displayName: 'plans-api', preset: '../../../jest.preset.js', rootDir: '.' };
