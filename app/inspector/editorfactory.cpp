// NodeEditor::create: which inspector form each node kind gets.
#include "appeditor.h"
#include "clienteditor.h"
#include "databaseeditor.h"
#include "dnseditor.h"
#include "fileseditor.h"
#include "firewalleditor.h"
#include "loadbalancereditor.h"
#include "monitoringeditor.h"
#include "noteeditor.h"
#include "servereditor.h"
#include "webeditor.h"

namespace infrastage::gui {

NodeEditor *NodeEditor::create(NodeKind kind, DesignEditor *editor, QWidget *parent) {
    switch (kind) {
    case NodeKind::Client:
        return new ClientEditor(editor, parent);
    case NodeKind::Dns:
        return new DnsEditor(editor, parent);
    case NodeKind::LoadBalancer:
        return new LoadBalancerEditor(editor, parent);
    case NodeKind::Server:
        return new ServerEditor(editor, parent);
    case NodeKind::Web:
        return new WebEditor(editor, parent);
    case NodeKind::App:
        return new AppEditor(editor, parent);
    case NodeKind::Files:
        return new FilesEditor(editor, parent);
    case NodeKind::Database:
        return new DatabaseEditor(editor, parent);
    case NodeKind::Firewall:
        return new FirewallEditor(editor, parent);
    case NodeKind::Monitoring:
        return new MonitoringEditor(editor, parent);
    case NodeKind::Note:
        return new NoteEditor(editor, parent);
    }
    return nullptr;
}

} // namespace infrastage::gui
