module.exports = { displayName: 'api-surface', preset: '../../jest.preset.js', rootDir: '.' };
