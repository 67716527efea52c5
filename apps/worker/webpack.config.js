module.exports = require('../../scripts/webpack-app.cjs')('worker');
