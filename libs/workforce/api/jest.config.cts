module.exports = { displayName: 'workforce-api', preset: '../../../jest.preset.js', rootDir: '.' };
