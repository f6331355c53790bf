'use strict';

/*
 * <input type="file" file-select="$ctrl.form.file" file-changed="$ctrl.chosen()">: puts the chosen
 * File into the expression and then evaluates file-changed (ng-model does not work on file inputs).
 */
angular.module('iotDeploy')
  .directive('fileSelect', ['$parse', function ($parse) {
    return {
      restrict: 'A',
      link: function (scope, element, attrs) {
        var model = $parse(attrs.fileSelect);
        element.on('change', function () {
          var file = element[0].files && element[0].files.length ? element[0].files[0] : null;
          scope.$apply(function () {
            model.assign(scope, file);
            if (attrs.fileChanged) {
              scope.$eval(attrs.fileChanged);
            }
          });
        });
      }
    };
  }]);
