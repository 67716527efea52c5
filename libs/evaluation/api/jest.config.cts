module.exports = { displayName: 'evaluation-api', preset: '../../../jest.preset.js', rootDir: '.' };
