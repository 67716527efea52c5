// The templates travel with the bundle (dist/apps/web/views).
module.exports = require('../../scripts/webpack-app.cjs')('web', {
  assets: [{ input: '../../libs/web-surface/src/views', glob: '**/*', output: 'views' }],
});
