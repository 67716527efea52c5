module.exports = { displayName: 'national-domain', preset: '../../../jest.preset.js', rootDir: '.' };
