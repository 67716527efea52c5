// eslint-disable-next-line @nx/enforce-module-boundaries -- build configuration, not app code
module.exports = require('../../scripts/webpack-app.cjs')('api');
