module.exports = { displayName: 'web-surface', preset: '../../jest.preset.js', rootDir: '.' };
