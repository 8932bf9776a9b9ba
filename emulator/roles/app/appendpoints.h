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

struct AppContext;
// Work a group does once the app is up (the guestbook makes sure its table exists).
struct AppStartRegistration {
    explicit AppStartRegistration(std::function<void(const AppContext &)> onStart);
};

// Runs every registered start hook, once the app has reported ready.
void runStartHooks(const AppContext &context);

} // namespace infrastage::roles::app
