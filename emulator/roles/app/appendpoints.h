#pragma once

#include "approuter.h"

#include <functional>

namespace infrastage::roles::app {

// An endpoint group registers its routes from its own file:
//   static AppEndpointRegistration r("info", [](AppRouter &router) { router.add(...); });
// Adding a group (the database-backed guestbook) is adding a file; nothing else changes.
struct AppEndpointRegistration {
    AppEndpointRegistration(const char *group, std::function<void(AppRouter &)> install);
};

// Installs every registered group into `router`, in group-name order.
void installEndpoints(AppRouter &router);

} // namespace infrastage::roles::app
