# data "template_file" with an unknown var inside a JSON string keeps the ports, as templatefile()
# does; no plan twin: the template provider is not in the offline provider mirror.
variable "tag" {
  type = string
}
resource "aws_ecr_repository" "app" {
  name = "app"
}
data "template_file" "app" {
  template = file("${path.module}/templates/app.json.tpl")
  vars = {
    image = "${aws_ecr_repository.app.repository_url}:${var.tag}"
    port  = 8080
  }
}
resource "aws_ecs_task_definition" "app" {
  family                = "app"
  network_mode          = "bridge"
  container_definitions = data.template_file.app.rendered
}
resource "aws_ecs_task_definition" "tf" {
  family                = "tf"
  network_mode          = "bridge"
  container_definitions = templatefile("${path.module}/templates/app.json.tpl", { image = "${aws_ecr_repository.app.repository_url}:${var.tag}", port = 9090 })
}
resource "aws_ecs_service" "app" {
  name            = "app"
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "EC2"
}
resource "aws_ecs_service" "tf" {
  name            = "tf"
  task_definition = aws_ecs_task_definition.tf.arn
  launch_type     = "EC2"
}
