module.exports = { displayName: 'ap-web', preset: '../../../jest.preset.js', rootDir: '.' };
