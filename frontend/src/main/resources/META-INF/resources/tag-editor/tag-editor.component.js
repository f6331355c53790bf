'use strict';

/*
 * Key=value rows to edit tags in, inside a form of the page's: <tag-editor rows="…" problem="…" prefix="device-tag">.
 * `rows` ([{key, value}], see tagRows) is changed in place; `problem` (an "Invalid tags" problem, its `tag` the key)
 * marks the row it names; `prefix` makes the ids and data-test names ({{prefix}}-key, {{prefix}}s-row, …).
 * Saving, and showing the problem's text, is the page's.
 */
angular.module('iotDeploy')
  .component('tagEditor', {
    templateUrl: 'tag-editor/tag-editor.template.html',
    controller: 'TagEditorController',
    bindings: {
      rows: '<',
      problem: '<',
      prefix: '@',
      disabled: '<?'
    }
  });
