// The schema definition files compiled into the binary (generated at build
// time from schema/definitions/*.json by schema/embed_definitions.cmake).
#ifndef ROUTESH_SCHEMA_BUILTIN_DEFINITIONS_H_
#define ROUTESH_SCHEMA_BUILTIN_DEFINITIONS_H_

#include <string>
#include <utility>
#include <vector>

namespace schema {

// (file name, JSON text) of every definition file, sorted by file name.
const std::vector<std::pair<std::string, std::string>>& builtin_definitions();

}  // namespace schema

#endif  // ROUTESH_SCHEMA_BUILTIN_DEFINITIONS_H_
