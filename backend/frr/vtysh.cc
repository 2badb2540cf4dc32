// FRR batch steps, value checks and vtysh for reading back.
#include "backend/frr/vtysh.h"

#include "backend/process.h"

namespace backend::frr {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// U+2028 / U+2029 (line and paragraph separators) in UTF-8.
bool has_line_separator(std::string_view v) {
  return v.find("\xe2\x80\xa8") != std::string_view::npos ||
         v.find("\xe2\x80\xa9") != std::string_view::npos;
}

void prefix_options(const FrrOptions& options, std::vector<std::string>* argv) {
  argv->push_back(options.vtysh);
  if (!options.vty_socket.empty()) {
    argv->push_back("--vty_socket");
    argv->push_back(options.vty_socket);
  }
  if (!options.config_dir.empty()) {
    argv->push_back("--config_dir");
    argv->push_back(options.config_dir);
  }
}

}  // namespace

std::string unsafe_text(std::string_view value) {
  for (unsigned char c : value) {
    if (c == '\n' || c == '\r') return "contains a line break";
    if (is_control(c)) return "contains a control character";
    if (c == '!') return "contains \"!\" (FRR's comment character)";
  }
  if (has_line_separator(value)) return "contains a line separator";
  size_t first = value.find_first_not_of(' ');
  if (first != std::string_view::npos && value[first] == '#') {
    return "starts with \"#\" (a comment in FRR)";
  }
  return "";
}

std::string unsafe_word(std::string_view value) {
  if (value.empty()) return "is empty";
  std::string why = unsafe_text(value);
  if (!why.empty()) return why;
  for (unsigned char c : value) {
    if (c == ' ') return "contains a blank";
  }
  return "";
}

rc::Result<Step> batch_step(const Batch& batch) {
  for (const auto& cmd : batch.commands) {
    for (unsigned char c : cmd) {
      if (is_control(c)) {
        return rc::make_error(rc::Code::kInternal,
                              "refusing an FRR command with a control "
                              "character or line break: " + cmd);
      }
    }
    if (has_line_separator(cmd) || cmd.empty()) {
      return rc::make_error(rc::Code::kInternal,
                            "refusing an FRR command: \"" + cmd + "\"");
    }
  }
  nlohmann::json payload = {{"daemons", batch.daemons}, {"commands", batch.commands}};
  if (!batch.expect.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : batch.expect) {
      nlohmann::json x = {{"daemon", e.daemon}, {"show", e.show}, {"keys", e.keys},
                          {"what", e.what}};
      if (e.absent) x["absent"] = true;
      if (!e.field.empty()) x["field"] = e.field;
      if (!e.equals.is_null()) x["equals"] = e.equals;
      list.push_back(std::move(x));
    }
    payload["expect"] = std::move(list);
  }
  if (batch.undo) payload["undo"] = true;
  return Step::message("frr", std::move(payload));
}

rc::Result<Batch> batch_of(const Step& step) {
  const auto& p = step.payload;
  if (step.kind != Step::Kind::kMessage || step.channel != "frr" ||
      !p.is_object() || !p.contains("daemons") || !p.contains("commands") ||
      !p["daemons"].is_array() || !p["commands"].is_array()) {
    return rc::make_error(rc::Code::kInternal, "not an FRR batch: " + step.describe());
  }
  Batch b;
  for (const auto& d : p["daemons"]) {
    if (!d.is_string()) return rc::make_error(rc::Code::kInternal, "bad FRR batch");
    b.daemons.push_back(d.get<std::string>());
  }
  for (const auto& c : p["commands"]) {
    if (!c.is_string()) return rc::make_error(rc::Code::kInternal, "bad FRR batch");
    b.commands.push_back(c.get<std::string>());
  }
  b.undo = p.value("undo", false);
  if (p.contains("expect")) {
    for (const auto& x : p["expect"]) {
      if (!x.is_object() || !x.contains("keys") || !x["keys"].is_array()) {
        return rc::make_error(rc::Code::kInternal, "bad FRR batch expectation");
      }
      Expectation e;
      e.daemon = x.value("daemon", "");
      e.show = x.value("show", "");
      for (const auto& k : x["keys"]) {
        if (!k.is_string()) return rc::make_error(rc::Code::kInternal, "bad FRR batch key");
        e.keys.push_back(k.get<std::string>());
      }
      e.absent = x.value("absent", false);
      e.field = x.value("field", "");
      if (x.contains("equals")) e.equals = x["equals"];
      e.what = x.value("what", "");
      b.expect.push_back(std::move(e));
    }
  }
  return b;
}

std::vector<std::string> show_argv(const FrrOptions& options,
                                   const std::string& daemon,
                                   const std::string& command) {
  std::vector<std::string> argv;
  prefix_options(options, &argv);
  if (!daemon.empty()) {
    argv.push_back("-d");
    argv.push_back(daemon);
  }
  argv.push_back("-c");
  argv.push_back(command);
  return argv;
}

std::vector<std::string> dry_run_argv(const FrrOptions& options) {
  std::vector<std::string> argv;
  prefix_options(options, &argv);
  argv.insert(argv.end(), {"-C", "-f", "/proc/self/fd/0"});
  return argv;
}

rc::Result<std::string> read_running_config(const FrrOptions& options,
                                            const std::string& daemon) {
  return run_checked(show_argv(options, daemon, "show running-config"));
}

}  // namespace backend::frr
