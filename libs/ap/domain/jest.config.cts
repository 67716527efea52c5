module.exports = { displayName: 'ap-domain', preset: '../../../jest.preset.js', rootDir: '.' };
