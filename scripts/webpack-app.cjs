// The production webpack build of one app: our code in one bundle, node_modules external.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = function appConfig(app, { assets = [] } = {}) {
  return {
    output: { path: join(__dirname, '../dist/apps', app), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets,
        optimization: false,
        outputHashing: 'none',
        sourceMap: true,
      }),
    ],
  };
};
