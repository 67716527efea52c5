// The templates travel with the bundle (dist/apps/web/views): the core's and each module's, whose
// own folder (views/ap) keeps their names apart.
// eslint-disable-next-line @nx/enforce-module-boundaries -- build configuration, not app code
module.exports = require('../../scripts/webpack-app.cjs')('web', {
  assets: [
    { input: '../../libs/web-surface/src/views', glob: '**/*', output: 'views' },
    { input: '../../libs/ap/web/src/views', glob: '**/*', output: 'views' },
    { input: '../../libs/plans/web/src/views', glob: '**/*', output: 'views' },
    { input: '../../libs/evaluation/web/src/views', glob: '**/*', output: 'views' },
    { input: '../../libs/national/web/src/views', glob: '**/*', output: 'views' },
    { input: '../../libs/workforce/web/src/views', glob: '**/*', output: 'views' },
  ],
});
