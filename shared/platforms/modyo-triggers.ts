/**
 * Modyo's webhook trigger_uid catalog (modyo-docs master, 2026-08 correction; see
 * ../shared/research/providers.md §2.3): [uid, context, English label, Spanish label].
 * Realm end-user events also arrive in the compact shape, whose type is `${e_c}_${e_a}`;
 * their e_c category is the fifth column.
 */
export const MODYO_TRIGGERS = [
  // App (site) context
  ['layout_page_created_log', 'app', 'Page created', 'Página creada'],
  ['layout_page_deleted_log', 'app', 'Page deleted', 'Página eliminada'],
  ['layout_page_published_log', 'app', 'Page published', 'Página publicada'],
  ['layout_page_unpublished_log', 'app', 'Page unpublished', 'Página despublicada'],
  ['layout_page_updated_log', 'app', 'Page updated', 'Página actualizada'],
  ['menu_approved_log', 'app', 'Menu approved', 'Navegación aprobada'],
  ['menu_published_log', 'app', 'Menu published', 'Navegación publicada'],
  ['menu_sent_to_review_log', 'app', 'Menu sent to review', 'Navegación enviada a revisión'],
  ['menu_updated_log', 'app', 'Menu updated', 'Navegación actualizada'],
  ['site_created_log', 'app', 'App created', 'Sitio creado'],
  ['site_deleted_log', 'app', 'App deleted', 'Sitio eliminado'],
  ['site_disabled_log', 'app', 'App disabled', 'Sitio desactivado'],
  ['site_enabled_log', 'app', 'App enabled', 'Sitio habilitado'],
  ['site_updated_log', 'app', 'App updated', 'Sitio actualizado'],
  ['site_draft_log', 'app', 'App set to draft', 'Sitio puesto en desarrollo'],
  ['site_template_approved_log', 'app', 'Template approved', 'Templates aprobados'],
  ['site_template_sent_to_review_log', 'app', 'Templates sent to review', 'Templates enviados para su revisión'],
  ['site_template_updated_log', 'app', 'Template updated', 'Templates actualizados'],
  ['site_template_published_log', 'app', 'Template published', 'Plantilla publicada'],
  ['widget_definition_approved_log', 'app', 'Widget approved', 'Widget aprobado'],
  ['widget_definition_cloned_log', 'app', 'Widget cloned', 'Widget clonado'],
  ['widget_definition_created_log', 'app', 'Widget created', 'Widget creado'],
  ['widget_definition_published_log', 'app', 'Widget published', 'Widget publicado'],
  ['widget_definition_restored_log', 'app', 'Widget restored', 'Widget restaurado'],
  ['widget_definition_sent_to_review_log', 'app', 'Widget sent to review', 'Widget enviado a revisión'],
  ['widget_definition_unpublished_log', 'app', 'Widget unpublished', 'Widget despublicado'],
  ['widget_definition_updated_log', 'app', 'Widget updated', 'Widget actualizado'],
  // Space context
  ['category_created_log', 'space', 'Category created', 'Categoría creada'],
  ['category_deleted_log', 'space', 'Category deleted', 'Categoría eliminada'],
  ['category_updated_log', 'space', 'Category updated', 'Categoría actualizada'],
  ['entry_approved_log', 'space', 'Entry approved', 'Entrada aprobada'],
  ['entry_created_log', 'space', 'Entry created', 'Entrada creada'],
  ['entry_published_log', 'space', 'Entry published', 'Entrada publicada'],
  ['entry_sent_to_review_log', 'space', 'Entry sent to review', 'Entrada enviada a revisión'],
  ['entry_unpublished_log', 'space', 'Entry unpublished', 'Entrada despublicada'],
  ['entry_updated_log', 'space', 'Entry updated', 'Entrada actualizada'],
  ['space_created_log', 'space', 'Space created', 'Espacio creado'],
  ['space_updated_log', 'space', 'Space updated', 'Espacio actualizado'],
  ['type_created_log', 'space', 'Type created', 'Tipo creado'],
  ['type_deleted_log', 'space', 'Type deleted', 'Tipo eliminado'],
  ['type_updated_log', 'space', 'Type updated', 'Tipo actualizado'],
  ['type_reindex_log', 'space', 'Type sent to reindex', 'Tipo enviado para reindexar'],
  ['type_cancel_reindex_log', 'space', 'Reindex of type canceled', 'Se canceló la reindexación del tipo'],
  ['asset_created_log', 'space', 'Asset created', 'Archivo creado'],
  ['asset_updated_log', 'space', 'Asset updated', 'Archivo actualizado'],
  // Realm, admin user management (Settings › Webhooks); user_created/updated/enabled/deleted are also end-user events
  ['user_disabled_log', 'realm_admin', 'User disabled', 'Usuario deshabilitado'],
  ['user_created_log', 'realm', 'User created', 'Usuario creado', 'user'],
  ['user_updated_log', 'realm', 'User updated', 'Usuario actualizado', 'user'],
  ['user_enabled_log', 'realm', 'User enabled', 'Usuario habilitado', 'user'],
  ['user_deleted_log', 'realm', 'User deleted', 'Usuario borrado', 'user'],
  // Realm end-user events (Realm settings › Webhooks)
  ['form_response_created_log', 'realm', 'Form response created', 'Respuesta de formulario creada', 'form_response'],
  ['form_response_updated_log', 'realm', 'Form response updated', 'Respuesta de formulario actualizada', 'form_response'],
  ['origination_submission_created_log', 'realm', 'Origination submission created', 'Respuesta de originación creada', 'origination_submission'],
  ['origination_submission_started_log', 'realm', 'Origination submission started', 'Respuesta de originación iniciada', 'origination_submission'],
  ['origination_submission_completed_log', 'realm', 'Origination submission completed', 'Respuesta de originación completada', 'origination_submission'],
  ['origination_submission_canceled_log', 'realm', 'Origination submission canceled', 'Respuesta de originación cancelada', 'origination_submission'],
  ['origination_submission_canceled_overdue_log', 'realm', 'Origination submission canceled due to expiration', 'Respuesta de originación cancelada por vencimiento', 'origination_submission'],
  ['origination_submission_task_submitted_log', 'realm', 'Origination submission task submitted', 'Tarea de respuesta de originación enviada', 'origination_submission'],
  ['origination_submission_task_updated_log', 'realm', 'Origination submission task updated', 'Tarea de respuesta de originación actualizada', 'origination_submission'],
  ['origination_task_response_started_log', 'realm', 'Origination task response started', 'Respuesta a tarea de originación iniciada', 'origination_task_response'],
  ['origination_task_response_completed_log', 'realm', 'Origination task response completed', 'Respuesta a tarea de originación completada', 'origination_task_response'],
  ['origination_task_response_reopened_log', 'realm', 'Origination task response reopened', 'Respuesta a tarea de originación reabierta', 'origination_task_response'],
  ['origination_task_response_assigned_log', 'realm', 'Origination task response assigned', 'Respuesta a tarea de originación asignada', 'origination_task_response'],
  ['user_login_log', 'realm', 'Login', 'Inicio de sesión', 'user'],
  ['user_otp_login_log', 'realm', 'Login with code', 'Iniciar sesión con código', 'user'],
  ['user_logout_log', 'realm', 'Logout', 'Cerrar sesión', 'user'],
  ['user_login_attempt_failed_log', 'realm', 'Login attempt failed', 'Error al intentar iniciar sesión', 'user'],
  ['user_otp_login_attempt_failed_log', 'realm', 'Login with code attempt failed', 'Error al intentar iniciar sesión con código', 'user'],
  ['user_signup_log', 'realm', 'User signup', 'Registro de usuario', 'user'],
  ['user_password_reset_log', 'realm', 'User password reset', 'Restaurar contraseña', 'user'],
] as const;

export type ModyoTrigger = (typeof MODYO_TRIGGERS)[number];
export type ModyoContext = ModyoTrigger[1];

export const MODYO_CONTEXT_LABELS: Record<ModyoContext, string> = {
  app: 'App',
  space: 'Space',
  realm_admin: 'Realm (admin)',
  realm: 'Realm',
};

/** Events most users automate; the rest stay reachable but do not flood pickers. */
export const MODYO_IMPORTANT = new Set<string>([
  'entry_published_log',
  'entry_created_log',
  'entry_updated_log',
  'layout_page_published_log',
  'form_response_created_log',
  'origination_submission_completed_log',
  'user_created_log',
  'user_signup_log',
]);
