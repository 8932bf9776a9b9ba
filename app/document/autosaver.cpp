#include "autosaver.h"

#include "document.h"
#include "io/jsonformat.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace infrastage::gui {

Autosaver::Autosaver(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document) {
    m_path =
        QDir(recoveryDirectory())
            .filePath(
                QStringLiteral("recovery-%1.infra.json").arg(QCoreApplication::applicationPid()));
    m_timer.setInterval(15000);
    connect(&m_timer, &QTimer::timeout, this, &Autosaver::saveNow);
    connect(document, &Document::modifiedChanged, this, [this](bool modified) {
        if (modified)
            m_timer.start();
        else
            discard();
    });
}

QString Autosaver::recoveryDirectory() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/recovery");
}

QString Autosaver::leftoverRecoveryFile() {
    const QDir dir(recoveryDirectory());
    const QString mine =
        QStringLiteral("recovery-%1.infra.json").arg(QCoreApplication::applicationPid());
    for (const QFileInfo &f :
         dir.entryInfoList({QStringLiteral("recovery-*.infra.json")}, QDir::Files, QDir::Time)) {
        if (f.fileName() != mine)
            return f.absoluteFilePath();
    }
    return QString();
}

void Autosaver::saveNow() {
    if (!m_document->isModified())
        return;
    QDir().mkpath(recoveryDirectory());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return; // best effort: the real save reports errors
    file.write(JsonFormat::write(m_document->data()));
    file.commit();
}

void Autosaver::discard() {
    m_timer.stop();
    QFile::remove(m_path);
}

} // namespace infrastage::gui
