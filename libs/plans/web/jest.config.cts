module.exports = { displayName: 'plans-web', preset: '../../../jest.preset.js', rootDir: '.' };
