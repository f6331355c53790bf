'use strict';

/*
 * A group's definition, to create one (<group-form on-saved="…(group)">) or to change one
 * (<group-form group="…" on-saved="…(group)" on-cancel="…()">): a tag selector, with a live preview of the
 * devices it selects now, or devices picked from a checklist. on-saved gets the group as the server answered.
 * A refused request keeps everything typed and shows the problem next to the field it names.
 */
angular.module('iotDeploy')
  .component('groupForm', {
    templateUrl: 'group-form/group-form.template.html',
    controller: 'GroupFormController',
    bindings: {
      group: '<',
      onSaved: '&',
      onCancel: '&?'
    }
  });
