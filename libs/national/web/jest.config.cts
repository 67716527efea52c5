module.exports = { displayName: 'national-web', preset: '../../../jest.preset.js', rootDir: '.' };
