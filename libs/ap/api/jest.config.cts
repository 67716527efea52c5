module.exports = { displayName: 'ap-api', preset: '../../../jest.preset.js', rootDir: '.' };
