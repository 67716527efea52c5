module.exports = { displayName: 'workforce-web', preset: '../../../jest.preset.js', rootDir: '.' };
