// The services the modules provide, by type: each module makes its own at
// start (Module::provide) and its handlers get them with Call::s.Get<T>(), so
// neither the router nor another module's routes include a service they do
// not use. Filled once by ServiceSet before serving; read-only afterwards.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <utility>

namespace duxing::api {

class ServiceRegistry {
 public:
  // Builds a T from `args` and keeps it; throws std::logic_error (a bug, at
  // start-up) when a T is already there.
  template <typename T, typename... Args>
  T& Make(Args&&... args) {
    auto service = std::make_shared<T>(std::forward<Args>(args)...);
    if (!services_.emplace(std::type_index(typeid(T)), service).second) {
      throw std::logic_error(std::string("service provided twice: ") + typeid(T).name());
    }
    return *service;
  }

  // The T a module made; throws std::logic_error (a bug: the module that
  // provides it is missing from src/api/modules.inc or listed after its user).
  template <typename T>
  T& Get() const {
    auto it = services_.find(std::type_index(typeid(T)));
    if (it == services_.end()) {
      throw std::logic_error(std::string("no module provides ") + typeid(T).name());
    }
    return *static_cast<T*>(it->second.get());
  }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> services_;
};

}  // namespace duxing::api
