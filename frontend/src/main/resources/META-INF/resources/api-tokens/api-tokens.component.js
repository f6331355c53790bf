'use strict';

angular.module('iotDeploy')
  .component('apiTokens', {
    templateUrl: 'api-tokens/api-tokens.template.html',
    controller: 'ApiTokensController'
  });
