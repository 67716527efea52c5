// Production build of the web app: one bundle of our code; node_modules stay external.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/web'), clean: true },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      assets: [{ input: '../../libs/web-surface/src/views', glob: '**/*', output: 'views' }],
      optimization: false,
      outputHashing: 'none',
      sourceMap: true,
    }),
  ],
};
