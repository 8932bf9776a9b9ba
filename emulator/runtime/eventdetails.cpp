#include "eventdetails.h"

#include <QJsonDocument>

namespace infrastage::runtime {

QJsonObject detailsOf(const RuntimeEvent &e) {
    if (!e.details.isEmpty() || e.detailsJson.isEmpty())
        return e.details;
    return QJsonDocument::fromJson(e.detailsJson).object();
}

void parseDetails(RuntimeEvent *e) {
    if (e->details.isEmpty() && !e->detailsJson.isEmpty())
        e->details = QJsonDocument::fromJson(e->detailsJson).object();
}

} // namespace infrastage::runtime
