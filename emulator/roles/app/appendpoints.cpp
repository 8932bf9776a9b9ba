#include "appendpoints.h"

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

} // namespace infrastage::roles::app
