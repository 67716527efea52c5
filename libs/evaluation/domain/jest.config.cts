module.exports = { displayName: 'evaluation-domain', preset: '../../../jest.preset.js', rootDir: '.' };
