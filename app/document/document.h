#pragma once

#include "io/recordinginfo.h"
#include "model/topology.h"

#include <QObject>
#include <QUndoStack>

namespace infrastage::gui {

// One open design: the topology, its undo stack, the file it belongs to and whether it has
// unsaved changes (the undo stack's clean state).
class Document final : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject *parent = nullptr);

    Topology *topology() { return &m_topology; }
    const TopologyData &data() const { return m_topology.data(); }
    QUndoStack *undoStack() { return &m_undo; }

    QString path() const { return m_path; }
    // Unsaved edits, or recordings added, renamed or removed since the last save.
    bool isModified() const { return !m_undo.isClean() || m_recordingsChanged; }
    // "three-server.infra.json", or "Untitled" for a new design.
    QString displayName() const;

    // Replaces the content (a new design or a template); no path, history cleared.
    void reset(const TopologyData &data, const QString &path = QString());
    // Replaces the content with a design read from `source` (a Mermaid diagram, say): the
    // document has no path, so Save asks where, and it counts as unsaved work.
    void resetImported(const TopologyData &data, const QString &source);
    // Where Save As proposes to write a document without a path (beside its import source).
    QString suggestedPath() const { return m_suggestedPath; }
    // Reads `path`; on failure the current document is left exactly as it was.
    bool load(const QString &path, QString *error);
    // Writes to `path` (atomically); on success it becomes the document's path, clean.
    bool saveAs(const QString &path, QString *error);
    bool save(QString *error) { return saveAs(m_path, error); }

    // The recordings of runs that belong to the design (saved in a project file only).
    const QList<RecordingInfo> &recordings() const { return m_recordings; }
    void addRecording(const RecordingInfo &recording);
    void renameRecording(int index, const QString &name);
    void removeRecording(int index);
    // Why the project's recordings could not be listed when it was opened ("" if they could).
    QString recordingsError() const { return m_recordingsError; }

Q_SIGNALS:
    void pathChanged(const QString &path);
    void modifiedChanged(bool modified);
    void contentReset();
    void recordingsChanged();
    // A save that succeeded but left something out (recordings in a JSON file, one gone).
    void saveWarning(const QString &message);

private:
    Topology m_topology;
    QUndoStack m_undo;
    QString m_path;
    QString m_suggestedPath;
    QString m_importedFrom;
    QList<RecordingInfo> m_recordings;
    QString m_recordingsError;
    bool m_recordingsChanged = false;
};

} // namespace infrastage::gui
