#include "document.h"

#include "io/projectfile.h"
#include "io/projectrecordings.h"
#include "io/topologyfile.h"

#include <QDir>
#include <QFileInfo>

namespace infrastage::gui {

Document::Document(QObject *parent)
    : QObject(parent) {
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean || m_recordingsChanged); });
}

QString Document::displayName() const {
    if (!m_path.isEmpty())
        return QFileInfo(m_path).fileName();
    if (!m_importedFrom.isEmpty())
        return tr("Imported from %1").arg(QFileInfo(m_importedFrom).fileName());
    return tr("Untitled");
}

void Document::reset(const TopologyData &data, const QString &path) {
    m_importedFrom.clear();
    m_suggestedPath.clear();
    m_undo.clear();
    m_topology.reset(data);
    m_undo.setClean();
    m_recordings.clear();
    m_recordingsError.clear();
    m_recordingsChanged = false;
    Q_EMIT recordingsChanged();
    if (m_path != path) {
        m_path = path;
        Q_EMIT pathChanged(path);
    }
    Q_EMIT modifiedChanged(false);
    Q_EMIT contentReset();
}

void Document::resetImported(const TopologyData &data, const QString &source) {
    reset(data);
    const QFileInfo info(source);
    m_importedFrom = info.absoluteFilePath();
    m_suggestedPath = info.dir().filePath(info.completeBaseName() + QStringLiteral(".infra.json"));
    // Nothing on disk holds this design yet: closing must offer to save it.
    m_undo.resetClean();
    Q_EMIT pathChanged(QString());
}

bool Document::load(const QString &path, QString *error) {
    TopologyData data;
    if (!TopologyFile::load(path, &data, error))
        return false;
    reset(data, QFileInfo(path).absoluteFilePath());
    // Damaged recordings do not keep the design from opening: the Recordings dock says why.
    if (ProjectFile::looksLikeProject(path) &&
        !ProjectRecordings::list(m_path, &m_recordings, &m_recordingsError))
        m_recordings.clear();
    Q_EMIT recordingsChanged();
    return true;
}

bool Document::saveAs(const QString &path, QString *error) {
    if (path.isEmpty()) {
        *error = tr("No file name given.");
        return false;
    }
    QStringList warnings;
    if (TopologyFile::isProjectPath(path)) {
        ProjectFile::SavedRecordings recordings;
        recordings.keep = m_recordings;
        if (!ProjectFile::save(path, m_topology.data(), error, &recordings))
            return false;
        m_recordings = recordings.saved;
        warnings = recordings.warnings;
    } else {
        if (!TopologyFile::save(path, m_topology.data(), error))
            return false;
        if (!m_recordings.isEmpty())
            warnings << tr("the %n recording(s) of this design were not saved: only project "
                           "files (.infrastage) hold recordings",
                           nullptr, int(m_recordings.size()));
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (m_path != absolute) {
        m_path = absolute;
        Q_EMIT pathChanged(absolute);
    }
    m_undo.setClean();
    const bool wasChanged = std::exchange(m_recordingsChanged, false);
    Q_EMIT recordingsChanged();
    if (wasChanged)
        Q_EMIT modifiedChanged(isModified());
    for (const QString &w : std::as_const(warnings))
        Q_EMIT saveWarning(w);
    return true;
}

void Document::addRecording(const RecordingInfo &recording) {
    m_recordings.append(recording);
    m_recordingsChanged = true;
    Q_EMIT recordingsChanged();
    Q_EMIT modifiedChanged(true);
}

void Document::renameRecording(int index, const QString &name) {
    if (index < 0 || index >= m_recordings.size() || m_recordings.at(index).name == name)
        return;
    m_recordings[index].name = name;
    m_recordingsChanged = true;
    Q_EMIT recordingsChanged();
    Q_EMIT modifiedChanged(true);
}

void Document::removeRecording(int index) {
    if (index < 0 || index >= m_recordings.size())
        return;
    m_recordings.removeAt(index);
    m_recordingsChanged = true;
    Q_EMIT recordingsChanged();
    Q_EMIT modifiedChanged(true);
}

} // namespace infrastage::gui
