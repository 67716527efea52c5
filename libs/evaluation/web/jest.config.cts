module.exports = { displayName: 'evaluation-web', preset: '../../../jest.preset.js', rootDir: '.' };
