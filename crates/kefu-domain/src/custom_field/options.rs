//! Option ids: the hosted service's `_v2` endpoints answer dropdown, advanced-checkbox and
//! cascade values as option ids (`custom_field_options: [{key: id, value: text}]`), the old
//! ones as text. kefu keeps values as text (as the agents' fields always have) and gives
//! every choice a stable id, kept with the definition's settings.
//!
//! A choice is named by its path from the top: `["苹果"]` for a dropdown option,
//! `["北京市","丰台区"]` for a cascade node. Editing a definition keeps the id of every
//! path that is still there and gives new paths new ids; ids of removed choices are never
//! given again (the counter only grows), so an id a client saved can never come to mean
//! another choice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CascadeNode, FieldSettings};

/// Joins the names of a path in the map's keys. Option names refuse control characters,
/// so no name can contain it.
const PATH_SEPARATOR: char = '\u{1f}';

/// The ids of a definition's choices, as stored in its settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionIds {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    ids: BTreeMap<String, u32>,
    /// The highest id ever given.
    #[serde(default)]
    last: u32,
}

/// One choice with its id and its children (cascades), as `custom_field_options` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionNode {
    pub id: u32,
    pub text: String,
    pub children: Vec<OptionNode>,
}

impl OptionIds {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids `settings` has: `stored` if it has any, else ids numbered 1, 2, 3… in the
    /// order the choices are listed (depth first). A definition made before ids existed
    /// (an agent's field) thus has the same ids every time they are computed, until its
    /// first change stores them.
    pub fn effective(stored: &OptionIds, settings: &FieldSettings) -> OptionIds {
        if !stored.is_empty() || stored.last > 0 {
            return stored.clone();
        }
        OptionIds::default().reassign(settings)
    }

    /// The ids after the definition's choices became `settings`: every path that had an id
    /// keeps it, new paths get the next ids in list order, removed paths lose theirs.
    pub fn reassign(&self, settings: &FieldSettings) -> OptionIds {
        let mut next = OptionIds { ids: BTreeMap::new(), last: self.last };
        for path in paths(settings) {
            let id = match self.ids.get(&path) {
                Some(id) => *id,
                None => {
                    next.last += 1;
                    next.last
                }
            };
            next.ids.insert(path, id);
        }
        next
    }

    /// The id of the choice at `path` (`["苹果"]`, `["北京市","丰台区"]`).
    pub fn id_of<S: AsRef<str>>(&self, path: &[S]) -> Option<u32> {
        self.ids.get(&join(path)).copied()
    }

    /// The path of the choice with id `id`.
    pub fn path_of(&self, id: u32) -> Option<Vec<&str>> {
        self.ids.iter().find(|(_, i)| **i == id).map(|(path, _)| path.split(PATH_SEPARATOR).collect())
    }

    /// The choices of `settings` with their ids, as a tree (flat for dropdowns).
    pub fn tree(&self, settings: &FieldSettings) -> Vec<OptionNode> {
        if !settings.cascade.is_empty() {
            return self.cascade_level(&settings.cascade, &mut Vec::new());
        }
        settings
            .options
            .iter()
            .filter_map(|text| {
                let id = self.id_of(&[text])?;
                Some(OptionNode { id, text: text.clone(), children: Vec::new() })
            })
            .collect()
    }

    /// The ids a tree of choices shows (`custom_field_options` as the API answers it), with
    /// the settings it describes: a client rebuilding a definition from the API's answer
    /// checks values as the server does. A cascade when any choice has children or `cascade`
    /// is asked for, else a flat list of options.
    pub fn from_tree(tree: &[OptionNode], cascade: bool) -> (OptionIds, FieldSettings) {
        fn walk(level: &[OptionNode], prefix: &mut Vec<String>, ids: &mut OptionIds) -> Vec<CascadeNode> {
            let mut nodes = Vec::new();
            for node in level {
                prefix.push(node.text.clone());
                ids.ids.insert(join(prefix), node.id);
                ids.last = ids.last.max(node.id);
                let children = walk(&node.children, prefix, ids);
                nodes.push(CascadeNode { name: node.text.clone(), children });
                prefix.pop();
            }
            nodes
        }
        let mut ids = OptionIds::default();
        let nodes = walk(tree, &mut Vec::new(), &mut ids);
        let settings = if cascade {
            FieldSettings { cascade: nodes, ..Default::default() }
        } else {
            FieldSettings { options: nodes.into_iter().map(|node| node.name).collect(), ..Default::default() }
        };
        (ids, settings)
    }

    fn cascade_level(&self, level: &[CascadeNode], prefix: &mut Vec<String>) -> Vec<OptionNode> {
        let mut nodes = Vec::new();
        for node in level {
            prefix.push(node.name.clone());
            if let Some(id) = self.id_of(prefix) {
                let children = self.cascade_level(&node.children, prefix);
                nodes.push(OptionNode { id, text: node.name.clone(), children });
            }
            prefix.pop();
        }
        nodes
    }
}

fn join<S: AsRef<str>>(path: &[S]) -> String {
    let names: Vec<&str> = path.iter().map(AsRef::as_ref).collect();
    names.join(&PATH_SEPARATOR.to_string())
}

/// Every choice's path, in list order (depth first for a cascade).
fn paths(settings: &FieldSettings) -> Vec<String> {
    let mut out: Vec<String> = settings.options.iter().map(|option| join(&[option])).collect();
    fn walk(level: &[CascadeNode], prefix: &mut Vec<String>, out: &mut Vec<String>) {
        for node in level {
            prefix.push(node.name.clone());
            out.push(join(prefix));
            walk(&node.children, prefix, out);
            prefix.pop();
        }
    }
    walk(&settings.cascade, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dropdown(options: &[&str]) -> FieldSettings {
        FieldSettings { options: options.iter().map(|o| o.to_string()).collect(), ..Default::default() }
    }

    fn node(name: &str, children: Vec<CascadeNode>) -> CascadeNode {
        CascadeNode { name: name.into(), children }
    }

    #[test]
    fn ids_survive_edits_and_are_never_reused() {
        let first = OptionIds::default().reassign(&dropdown(&["苹果", "香蕉", "梨"]));
        assert_eq!([first.id_of(&["苹果"]), first.id_of(&["香蕉"]), first.id_of(&["梨"])], [Some(1), Some(2), Some(3)]);

        // 香蕉 removed, 橙子 inserted first: the others keep theirs, 橙子 gets 4, not 2.
        let second = first.reassign(&dropdown(&["橙子", "苹果", "梨"]));
        assert_eq!(second.id_of(&["橙子"]), Some(4));
        assert_eq!(second.id_of(&["苹果"]), Some(1));
        assert_eq!(second.id_of(&["梨"]), Some(3));
        assert_eq!(second.id_of(&["香蕉"]), None);

        // 香蕉 comes back: a new id, since 2 may be saved somewhere meaning the old one.
        let third = second.reassign(&dropdown(&["橙子", "苹果", "梨", "香蕉"]));
        assert_eq!(third.id_of(&["香蕉"]), Some(5));
        assert_eq!(third.path_of(5), Some(vec!["香蕉"]));
        assert_eq!(third.path_of(2), None);
    }

    #[test]
    fn definitions_without_stored_ids_number_them_in_order() {
        let settings = dropdown(&["a", "b"]);
        let effective = OptionIds::effective(&OptionIds::default(), &settings);
        assert_eq!((effective.id_of(&["a"]), effective.id_of(&["b"])), (Some(1), Some(2)));
        // The first edit starts from those, so ids shown before the edit stay valid.
        let edited = effective.reassign(&dropdown(&["c", "a", "b"]));
        assert_eq!((edited.id_of(&["a"]), edited.id_of(&["b"]), edited.id_of(&["c"])), (Some(1), Some(2), Some(3)));
        assert_eq!(OptionIds::effective(&edited, &settings), edited, "stored ids are used as they are");
    }

    #[test]
    fn cascade_nodes_have_ids_by_path() {
        let tree = FieldSettings {
            cascade: vec![
                node("北京市", vec![node("丰台区", vec![]), node("海淀区", vec![])]),
                node("上海市", vec![node("丰台区", vec![])]),
            ],
            ..Default::default()
        };
        let ids = OptionIds::default().reassign(&tree);
        assert_eq!(ids.id_of(&["北京市"]), Some(1));
        assert_eq!(ids.id_of(&["北京市", "丰台区"]), Some(2));
        assert_eq!(ids.id_of(&["北京市", "海淀区"]), Some(3));
        assert_eq!(ids.id_of(&["上海市", "丰台区"]), Some(5), "same name, another path, another id");
        let shown = ids.tree(&tree);
        assert_eq!(shown[0].children.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(shown[1].id, 4);
        assert_eq!(ids.path_of(5), Some(vec!["上海市", "丰台区"]));
    }

    #[test]
    fn a_shown_tree_reads_back() {
        let tree = FieldSettings {
            cascade: vec![node("北京市", vec![node("丰台区", vec![])]), node("上海市", vec![])],
            ..Default::default()
        };
        let ids = OptionIds::default().reassign(&tree).reassign(&FieldSettings {
            cascade: vec![node("上海市", vec![]), node("北京市", vec![node("丰台区", vec![])])],
            ..Default::default()
        });
        let (read, settings) = OptionIds::from_tree(&ids.tree(&tree), true);
        assert_eq!(read.id_of(&["北京市", "丰台区"]), Some(2));
        assert_eq!(settings.cascade, tree.cascade);
        let (flat, options) = OptionIds::from_tree(&ids.tree(&dropdown(&["上海市"])), false);
        assert_eq!((flat.id_of(&["上海市"]), options.options), (Some(3), vec!["上海市".to_owned()]));
    }

    #[test]
    fn stored_form_is_small_json() {
        let ids = OptionIds::default().reassign(&dropdown(&["a"]));
        let json = serde_json::to_string(&ids).unwrap();
        assert_eq!(json, r#"{"ids":{"a":1},"last":1}"#);
        assert_eq!(serde_json::from_str::<OptionIds>(&json).unwrap(), ids);
        assert_eq!(serde_json::from_str::<OptionIds>("{}").unwrap(), OptionIds::default());
    }
}
