// backend::RenderDriver: the `render` backend of one owner.
//
// Writes the owner's part of the configuration, as set-commands, to
// <dir>/<owner>.conf (mode 0600: it may hold secrets), and removes the file
// when the owner's part is empty. Undo restores the previous file exactly.
// This is what `routeshd --backend render` drives for every owner that has
// no live driver, so that anyone can try routesh without root and so that
// tests can compare the system's state byte for byte.
//
// Thread-safety: as Driver.
#ifndef ROUTESH_BACKEND_RENDER_DRIVER_H_
#define ROUTESH_BACKEND_RENDER_DRIVER_H_

#include <memory>
#include <string>

#include "backend/driver.h"

namespace backend {

class RenderDriver : public Driver {
 public:
  // `checker`, when given, is the owner's live driver: its verify (pure)
  // is this driver's, so the render backend refuses what the live one
  // would.
  RenderDriver(std::string owner, std::string dir,
               std::unique_ptr<Driver> checker = nullptr)
      : owner_(std::move(owner)), dir_(std::move(dir)), checker_(std::move(checker)) {}
  std::string id() const override { return owner_; }
  rc::Errors verify(const schema::Node* candidate) const override {
    return checker_ ? checker_->verify(candidate) : rc::Errors{};
  }
  rc::Result<Plan> plan(const schema::Node* running,
                        const schema::Node* candidate,
                        const std::vector<schema::Change>& changes,
                        Host& host) const override;
  rc::Result<Plan> converge(const schema::Node* running,
                            Host& host) const override;
  std::string file() const { return dir_ + "/" + owner_ + ".conf"; }

  // The text rendered for the owner's part of `root`.
  std::string render(const schema::Node* root) const;

 private:
  Plan plan_to(const schema::Node* target, Host& host) const;
  std::string owner_;
  std::string dir_;
  std::unique_ptr<Driver> checker_;
};

}  // namespace backend

#endif  // ROUTESH_BACKEND_RENDER_DRIVER_H_
