#include "appendpoints.h"

#include <QList>
#include <QMap>

namespace infrastage::roles::app {

namespace {
QMap<QByteArray, std::function<void(AppRouter &)>> &groups() {
    static QMap<QByteArray, std::function<void(AppRouter &)>> map;
    return map;
}
} // namespace

AppEndpointRegistration::AppEndpointRegistration(const char *group,
                                                 std::function<void(AppRouter &)> install) {
    groups().insert(QByteArray(group), std::move(install));
}

void installEndpoints(AppRouter &router) {
    for (const auto &install : groups())
        install(router);
}

namespace {
QList<std::function<void(const AppContext &)>> &startHooks() {
    static QList<std::function<void(const AppContext &)>> hooks;
    return hooks;
}
} // namespace

AppStartRegistration::AppStartRegistration(std::function<void(const AppContext &)> onStart) {
    startHooks().append(std::move(onStart));
}

void runStartHooks(const AppContext &context) {
    for (const auto &hook : std::as_const(startHooks()))
        hook(context);
}

} // namespace infrastage::roles::app
