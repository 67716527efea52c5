module.exports = { displayName: 'reference', preset: '../../jest.preset.js', rootDir: '.' };
