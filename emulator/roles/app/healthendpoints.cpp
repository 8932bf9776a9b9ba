// /health: what the load balancer's checks and the web server's probes ask.
#include "appendpoints.h"

namespace infrastage::roles::app {

namespace {
AppEndpointRegistration registration("health", [](AppRouter &router) {
    router.add("GET", "/health", [](const AppExchangePtr &x) {
        x->respond(200, "text/plain; charset=utf-8", "OK\n");
    });
});
} // namespace

} // namespace infrastage::roles::app
