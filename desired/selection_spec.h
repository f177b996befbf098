// What a BackupSelection declares: the resources one backup plan covers,
// by ARN (resources, notResources), by tag (listOfTags) and by condition.
// Part of the model (model.h), which includes it; plain data like the rest.

#ifndef BACKUPCTL_DESIRED_SELECTION_SPEC_H_
#define BACKUPCTL_DESIRED_SELECTION_SPEC_H_

#include <string>
#include <vector>

#include "base/condition_lists.h"

namespace backupctl {

struct TagCondition {  // listOfTags entry; AWS allows only STRINGEQUALS
  std::string type = "STRINGEQUALS";
  std::string key;
  std::string value;
  bool operator==(const TagCondition&) const = default;
};

struct KeyValue {
  std::string key;
  std::string value;
  bool operator==(const KeyValue&) const = default;
};

using SelectionConditions = ConditionLists<KeyValue>;

struct Selection {
  std::string name;
  std::string plan;  // the backup plan's name
  std::string iam_role_arn;
  std::vector<std::string> resources;
  std::vector<std::string> not_resources;
  std::vector<TagCondition> list_of_tags;
  SelectionConditions conditions;
};

}  // namespace backupctl

#endif  // BACKUPCTL_DESIRED_SELECTION_SPEC_H_
