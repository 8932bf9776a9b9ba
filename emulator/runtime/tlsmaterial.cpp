#include "tlsmaterial.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace infrastage::runtime::TlsMaterial {

QString certificatePath(const QString &runDir) {
    return runDir + QStringLiteral("/tls/cert.pem");
}

QString keyPath(const QString &runDir) {
    return runDir + QStringLiteral("/tls/key.pem");
}

bool create(const QString &runDir, const QStringList &names, const QStringList &addresses,
            QString *error) {
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        *error = QStringLiteral("HTTPS needs the openssl program to make the run's certificate; "
                                "it is not installed");
        return false;
    }
    if (!QDir().mkpath(runDir + QStringLiteral("/tls"))) {
        *error = QStringLiteral("%1/tls: cannot create the directory").arg(runDir);
        return false;
    }
    QStringList alt;
    for (const QString &n : names) {
        // Only plain host names go into the certificate; anything else in a design is skipped.
        static const QRegularExpression hostName(
            QStringLiteral("^[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*"
                           "[A-Za-z0-9])?)*$"));
        if (hostName.match(n).hasMatch())
            alt.append(QStringLiteral("DNS:") + n);
    }
    alt.append(QStringLiteral("DNS:localhost"));
    for (const QString &a : addresses)
        alt.append(QStringLiteral("IP:") + a);
    alt.removeDuplicates();
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                      QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                      QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                      QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-subj"),
                      QStringLiteral("/O=Infrastage/CN=Infrastage run certificate"),
                      QStringLiteral("-addext"),
                      QStringLiteral("subjectAltName=") + alt.join(QLatin1Char(',')),
                      QStringLiteral("-keyout"), keyPath(runDir), QStringLiteral("-out"),
                      certificatePath(runDir)});
    if (!p.waitForFinished(15000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("openssl could not make the run's certificate: %1")
                     .arg(QString::fromLocal8Bit(p.readAll()).trimmed());
        p.kill();
        p.waitForFinished(1000);
        return false;
    }
    QFile::setPermissions(keyPath(runDir), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

} // namespace infrastage::runtime::TlsMaterial
