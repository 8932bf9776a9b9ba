#include "databaseeditor.h"

namespace infrastage::gui {

DatabaseEditor::DatabaseEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::Database, editor, parent) {
    build({{tr("Database"), {QStringLiteral("role"), QStringLiteral("port")}},
           {tr("Replication"),
            {QStringLiteral("replication"), QStringLiteral("semisync_timeout"),
             QStringLiteral("delay")}},
           {tr("Failover"),
            {QStringLiteral("auto_failover"), QStringLiteral("failover_timeout"),
             QStringLiteral("fencing")}}});
}

} // namespace infrastage::gui
