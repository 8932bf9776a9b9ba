#pragma once

#include "loadtally.h"
#include "runtimeevent.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace infrastage::runtime {

// The summary `infrastage-cli run` prints: requests per backend server (from X-Served-By),
// status codes, errors, latency percentiles, health-check transitions and the faults applied.
class RunReport final {
public:
    struct FaultRecord {
        double at = 0; // seconds after the load started
        QString description;
        QString error; // empty when it was applied
    };

    RunReport() = default; // empty: no load
    RunReport(const LoadTally &tally, qint64 elapsedNs, const QList<RuntimeEvent> &events,
              qint64 loadStartNs, QList<FaultRecord> faults);

    // The design's backend servers (host ids behind its load balancers) and which of them are
    // backups: each is listed, with 0 when it served nothing (a standby).
    void setBackends(const QStringList &servers, const QStringList &backups);

    QJsonObject toJson() const;
    QString toText() const;

    // The server of an X-Served-By value: "server-1, server-1-app pid 42" -> "server-1".
    static QString serverOf(const QString &servedBy);
    // The p-th percentile (0-100) of sorted values, nearest rank.
    static double percentile(const QList<double> &sorted, double p);

private:
    QJsonObject m_json;
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::RunReport)
