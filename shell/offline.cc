#include "shell/offline.h"

#include <fstream>
#include <ostream>
#include <sstream>

#include "schema/boot_format.h"
#include "schema/commands_format.h"
#include "schema/set_lines.h"
#include "schema/validate.h"

namespace shell {
namespace {

bool read_file(const std::string& file, std::string* text, std::ostream& err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << file << ": error: cannot read the file\n";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *text = ss.str();
  return true;
}

// Loads a file and validates it; prints problems. Returns false on errors.
bool load_checked(const std::string& file, const OfflineOptions& options,
                  schema::LoadedConfig* cfg, std::ostream& err) {
  std::string text;
  if (!read_file(file, &text, err)) return false;
  const schema::Schema& s = schema::Schema::builtin();
  *cfg = schema::load_config_text(s, text, options.skip_unsupported);
  if (!options.quiet) {
    for (const auto& n : cfg->notes) err << file << ": note: " << n << "\n";
    for (const auto& p : cfg->skipped) {
      err << file << ": note: skipped unsupported [" << p << "]\n";
    }
  }
  for (const auto& e : cfg->errors) {
    err << schema::format_line_error(file, e) << "\n";
  }
  rc::Errors v = schema::validate(s, cfg->root.get());
  for (const auto& e : v) {
    err << schema::format_line_error(file, {0, e}) << "\n";
  }
  return cfg->errors.empty() && v.empty();
}

}  // namespace

int run_check(const std::vector<std::string>& files,
              const OfflineOptions& options, std::ostream& out,
              std::ostream& err) {
  int status = 0;
  for (const auto& f : files) {
    schema::LoadedConfig cfg;
    if (load_checked(f, options, &cfg, err)) {
      if (!options.quiet) out << f << ": ok\n";
    } else {
      status = 1;
    }
  }
  return status;
}

int run_print(const std::string& format, const std::string& file,
              const OfflineOptions& options, std::ostream& out,
              std::ostream& err) {
  if (format != "commands" && format != "boot" && format != "json") {
    err << "routesh: --print takes commands, boot or json, not '" << format
        << "'\n";
    return 2;
  }
  schema::LoadedConfig cfg;
  std::string text;
  if (!read_file(file, &text, err)) return 1;
  const schema::Schema& s = schema::Schema::builtin();
  cfg = schema::load_config_text(s, text, options.skip_unsupported);
  for (const auto& e : cfg.errors) {
    err << schema::format_line_error(file, e) << "\n";
  }
  if (!cfg.errors.empty()) return 1;
  if (!options.quiet) {
    for (const auto& n : cfg.notes) err << file << ": note: " << n << "\n";
    for (const auto& p : cfg.skipped) {
      err << file << ": note: skipped unsupported [" << p << "]\n";
    }
  }
  if (format == "commands") {
    out << schema::render_commands(cfg.root.get());
  } else if (format == "boot") {
    out << schema::render_boot(cfg.root.get());
  } else {
    out << schema::render_json(cfg.root.get()) << "\n";
  }
  return 0;
}

}  // namespace shell
