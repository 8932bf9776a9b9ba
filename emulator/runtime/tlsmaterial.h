#pragma once

#include <QString>
#include <QStringList>

namespace infrastage::runtime {

// The certificate a run's load balancers terminate HTTPS with: one self-signed certificate
// (EC P-256, valid a week) for the design's names and the loopback addresses, made by the
// `openssl` program in the run directory. Clients of the run (request, run, curl --cacert)
// trust exactly this certificate; nothing outside the run does.
namespace TlsMaterial {

QString certificatePath(const QString &runDir); // RUN/tls/cert.pem
QString keyPath(const QString &runDir);         // RUN/tls/key.pem

// Writes both files; false with `error` saying why (no openssl, a failed run).
bool create(const QString &runDir, const QStringList &names, const QStringList &addresses,
            QString *error);

} // namespace TlsMaterial

} // namespace infrastage::runtime
