# Writes OUT: a C++ file returning the JSON text of every DIR/*.json.
file(GLOB DEFS ${DIR}/*.json)
list(SORT DEFS)
set(body "")
foreach(def IN LISTS DEFS)
  get_filename_component(name ${def} NAME)
  file(READ ${def} text)
  string(FIND "${text}" ")json\"" bad)
  if(NOT bad EQUAL -1)
    message(FATAL_ERROR "${def} contains the raw-string terminator")
  endif()
  string(APPEND body "      {\"${name}\", R\"json(${text})json\"},\n")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from schema/definitions/*.json; do not edit.
#include \"schema/builtin_definitions.h\"

namespace schema {

const std::vector<std::pair<std::string, std::string>>& builtin_definitions() {
  static const std::vector<std::pair<std::string, std::string>> defs = {
${body}  };
  return defs;
}

}  // namespace schema
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
