module.exports = { displayName: 'workforce-domain', preset: '../../../jest.preset.js', rootDir: '.' };
