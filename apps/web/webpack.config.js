// The templates travel with the bundle (dist/apps/web/views).
// eslint-disable-next-line @nx/enforce-module-boundaries -- build configuration, not app code
module.exports = require('../../scripts/webpack-app.cjs')('web', {
  assets: [{ input: '../../libs/web-surface/src/views', glob: '**/*', output: 'views' }],
});
