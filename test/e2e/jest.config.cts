module.exports = { displayName: 'e2e', preset: '../../jest.preset.js', rootDir: '.', testTimeout: 90000 };
