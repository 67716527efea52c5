module.exports = { displayName: 'alternative-provision', preset: '../../jest.preset.js', rootDir: '.' };
