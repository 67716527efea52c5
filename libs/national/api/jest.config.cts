module.exports = { displayName: 'national-api', preset: '../../../jest.preset.js', rootDir: '.' };
