module.exports = { displayName: 'plans-domain', preset: '../../../jest.preset.js', rootDir: '.' };
